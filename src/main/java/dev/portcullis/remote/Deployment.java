package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import java.util.List;

/**
 * What one server should end up with: the generated script, the limits.conf it installs and the
 * entries behind both (the store's view).
 */
public record Deployment(String script, String limitsConf, List<LimitEntry> entries) {

    public Deployment {
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("empty script");
        }
        limitsConf = limitsConf == null ? "" : limitsConf;
        entries = List.copyOf(entries);
    }
}
