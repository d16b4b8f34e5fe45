package dev.portcullis.history;

import dev.portcullis.model.ValidationException;

/** A geo database file the operator named cannot be read as a MaxMind-format (.mmdb) database: bad input. */
public class GeoDatabaseException extends ValidationException {
    private static final long serialVersionUID = 1L;

    public GeoDatabaseException(String option, Object file, String reason) {
        super(option, file, "a readable MaxMind-format (.mmdb) database file (" + reason + ")");
    }
}
