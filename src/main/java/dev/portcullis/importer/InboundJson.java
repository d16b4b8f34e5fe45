package dev.portcullis.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.portcullis.importer.ImportException.Kind;
import java.util.ArrayList;
import java.util.List;

/** The parts of an inbound's JSON (settings, streamSettings) that both readers share. */
final class InboundJson {

    /** The deepest nesting read: real configs stay under 10 levels. */
    static final int MAX_DEPTH = 64;
    /** The longest string value read. */
    static final int MAX_STRING_CHARS = 1 << 20;

    /**
     * Xray and V2Ray accept comments and trailing commas in their configs; so do we. Read limits
     * keep a hostile document (deep nesting, huge strings or numbers) from exhausting the stack or
     * the heap: it fails with one error instead.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_CHARS)
                            .maxNumberLength(100)
                            .maxNameLength(64 * 1024)
                            .maxDocumentLength(XrayConfigReader.MAX_BYTES)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private InboundJson() {
    }

    /** Parses a JSON column of the panel database; empty or null text is an empty object. */
    static JsonNode column(String text, String what) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ImportException(Kind.UNREADABLE, what + " is not valid JSON: " + oneLine(e));
        }
    }

    static List<PanelClient> clients(JsonNode settings) {
        List<PanelClient> out = new ArrayList<>();
        JsonNode clients = settings.path("clients");
        if (clients.isArray()) {
            for (JsonNode c : clients) {
                out.add(new PanelClient(text(c.path("email")), c.path("limitIp").asInt(0),
                        c.path("enable").asBoolean(true)));
            }
        } else if (settings.has("password") && settings.has("method")) {
            // A single-user shadowsocks inbound keeps its account in settings itself.
            out.add(new PanelClient(text(settings.path("email")), 0, true));
        } else if (settings.path("accounts").isArray()) {
            // socks / http inbounds with user names.
            for (JsonNode a : settings.path("accounts")) {
                out.add(new PanelClient(text(a.path("user")), 0, true));
            }
        }
        return out;
    }

    static List<String> fallbackDests(JsonNode settings) {
        List<String> out = new ArrayList<>();
        JsonNode fallbacks = settings.path("fallbacks");
        if (fallbacks.isArray()) {
            for (JsonNode f : fallbacks) {
                String dest = text(f.path("dest"));
                if (!dest.isEmpty()) {
                    out.add(dest);
                }
            }
        }
        return out;
    }

    static String network(JsonNode streamSettings) {
        return text(streamSettings.path("network"));
    }

    /** TLS whose ALPN list is exactly ["h3"]: Xray's XHTTP then serves HTTP/3 over QUIC (UDP) only. */
    static boolean h3Only(JsonNode streamSettings) {
        if (!"tls".equals(text(streamSettings.path("security")))) {
            return false;
        }
        JsonNode alpn = streamSettings.path("tlsSettings").path("alpn");
        return alpn.isArray() && alpn.size() == 1 && "h3".equals(text(alpn.get(0)));
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asText("") : node.toString();
    }

    static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = message.replaceAll("\\s+", " ").trim();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
