package dev.portcullis.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.importer.ImportException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the inbounds of an Xray or V2Ray JSON config ({@code inbounds}, and the v3-era
 * {@code inbound} / {@code inboundDetour}). Comments and trailing commas are accepted as Xray does.
 */
public final class XrayConfigReader {

    /** Configs are small; anything bigger is not a proxy config. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    public List<PanelInbound> read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ImportException(Kind.UNREADABLE, "cannot read " + file + ": larger than " + MAX_BYTES / 1024 / 1024
                        + " MiB, not an Xray/V2Ray config");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ImportException(Kind.UNREADABLE, "cannot read " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ImportException(Kind.UNREADABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** What one config says: its inbounds and its access-log setting. */
    public record Config(List<PanelInbound> inbounds, AccessLog accessLog) {
        public Config {
            inbounds = List.copyOf(inbounds);
        }
    }

    /** Parses config text; {@code source} names it in messages and in the inbounds. */
    public List<PanelInbound> parse(String json, String source) {
        return config(json, source).inbounds();
    }

    /** Parses config text into its inbounds and its access-log setting. */
    public Config config(String json, String source) {
        if (json.length() > MAX_BYTES) {
            throw new ImportException(Kind.UNREADABLE, "cannot read " + source + ": larger than " + MAX_BYTES / 1024 / 1024
                    + " MiB, not an Xray/V2Ray config");
        }
        JsonNode root;
        try {
            root = InboundJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw new ImportException(Kind.UNREADABLE, "cannot read " + source + ": the JSON ends early (truncated file?) "
                        + location(e));
            }
            throw new ImportException(Kind.UNREADABLE, "cannot read " + source + ": invalid JSON: " + InboundJson.oneLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new ImportException(Kind.UNREADABLE, "cannot read " + source + ": not an Xray/V2Ray config (expected a JSON object)");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.path("inbounds").isArray()) {
            root.path("inbounds").forEach(nodes::add);
        }
        if (root.path("inbound").isObject()) {
            nodes.add(root.path("inbound"));
        }
        if (root.path("inboundDetour").isArray()) {
            root.path("inboundDetour").forEach(nodes::add);
        }
        List<PanelInbound> out = new ArrayList<>();
        for (JsonNode in : nodes) {
            if (!in.isObject()) {
                continue;
            }
            JsonNode settings = in.path("settings");
            JsonNode stream = in.path("streamSettings");
            String tag = InboundJson.text(in.path("tag"));
            JsonNode portNode = in.path("port");
            out.add(new PanelInbound(source, "", tag, ServeState.ACTIVE, InboundJson.text(in.path("listen")),
                    InboundJson.text(portNode), InboundJson.text(in.path("protocol")), InboundJson.network(stream),
                    InboundJson.text(settings.path("network")), settings.path("udp").asBoolean(false),
                    InboundJson.h3Only(stream), InboundJson.clients(settings), InboundJson.fallbackDests(settings), ""));
        }
        return new Config(out, AccessLog.of(root, source));
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr();
    }
}
