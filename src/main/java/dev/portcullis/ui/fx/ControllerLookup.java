package dev.portcullis.ui.fx;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates FXML controllers through their constructors, with the services each one needs.
 * The wiring class registers one supplier per controller type; FXMLLoader then never uses
 * reflection to create a controller, so a controller can have final fields and no setters.
 * An unregistered type is a programming error and fails at once rather than with nulls later.
 */
public final class ControllerLookup {

    private final Map<Class<?>, Supplier<?>> suppliers = new HashMap<>();

    public <T> ControllerLookup register(Class<T> type, Supplier<? extends T> supplier) {
        suppliers.put(type, supplier);
        return this;
    }

    public Object create(Class<?> type) {
        Supplier<?> supplier = suppliers.get(type);
        if (supplier == null) {
            throw new IllegalStateException("no controller registered for " + type.getName());
        }
        return supplier.get();
    }
}
