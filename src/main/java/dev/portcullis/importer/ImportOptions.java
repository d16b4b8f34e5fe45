package dev.portcullis.importer;

import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Validator;

/**
 * How inbounds become entries.
 *
 * @param defaultMax the maximum of an entry whose panel sets no {@code limitIp}
 * @param mode       the mode of every proposed entry, or null: {@code devices} where the panel's
 *                   {@code limitIp} gives the maximum (it counts addresses), else
 *                   {@code connections-per-ip}
 */
public record ImportOptions(int defaultMax, LimitMode mode) {

    /** Generous enough for one busy device (a V2Ray client keeps 12-250 connections open). */
    public static final int DEFAULT_MAX = 64;

    public ImportOptions {
        Validator.max(defaultMax);
    }

    public static ImportOptions defaults() {
        return new ImportOptions(DEFAULT_MAX, null);
    }
}
