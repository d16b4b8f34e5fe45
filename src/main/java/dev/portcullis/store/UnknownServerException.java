package dev.portcullis.store;

import dev.portcullis.model.ValidationException;

/** The named server is not in the inventory: bad input, like any other invalid value. */
public class UnknownServerException extends ValidationException {
    private static final long serialVersionUID = 1L;

    public UnknownServerException(String name) {
        super("server", name, "the name of a stored server (see 'portcullis server list')");
    }
}
