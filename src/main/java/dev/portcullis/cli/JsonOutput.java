package dev.portcullis.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.store.StoreException;

/**
 * The JSON the command line prints. Field names are a contract for scripts, so they are spelled
 * out here in records rather than derived from the model.
 */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    // Nulls are written (e.g. "keyPath": null) so every object has the same fields.
    @JsonPropertyOrder({"name", "host", "port", "user", "auth", "keyPath", "sudo"})
    record ServerJson(String name, String host, int port, String user, String auth, String keyPath, boolean sudo) {
        static ServerJson of(Server s) {
            return new ServerJson(s.name(), s.host(), s.port(), s.user(), s.auth().id(), s.keyPath(), s.sudo());
        }
    }

    /** One server with its settings, as {@code server show --json} prints it. */
    @JsonPropertyOrder({"name", "host", "port", "user", "auth", "keyPath", "sudo", "accessLog", "allowed"})
    record ServerDetailJson(String name, String host, int port, String user, String auth, String keyPath, boolean sudo,
                            String accessLog, java.util.List<String> allowed) {
        static ServerDetailJson of(Server s, ServerSettings settings) {
            return new ServerDetailJson(s.name(), s.host(), s.port(), s.user(), s.auth().id(), s.keyPath(), s.sudo(),
                    settings.accessLog(), settings.allowed().stream().map(Object::toString).toList());
        }
    }

    /** An account entry carries {@code "account"}; a port entry has no such field. */
    @JsonPropertyOrder({"server", "port", "protocol", "account", "mode", "max", "v4Mask", "v6Prefix", "label", "observe",
        "enabled", "idleSeconds"})
    record LimitJson(String server, int port, String protocol,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) String account, String mode, int max, int v4Mask,
                     int v6Prefix, String label, boolean observe, boolean enabled, int idleSeconds) {
        static LimitJson of(String server, LimitEntry e) {
            return new LimitJson(server, e.port(), e.protocol().id(), e.account(), e.mode().id(), e.max(), e.v4Mask(),
                    e.v6Prefix(), e.label(), e.observe(), e.enabled(), e.idleSeconds());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
