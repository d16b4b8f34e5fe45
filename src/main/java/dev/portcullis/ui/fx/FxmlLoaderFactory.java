package dev.portcullis.ui.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * The one place FXML is loaded: every view gets the current resource bundle (so a language
 * switch is a reload) and its controller from the {@link ControllerLookup}. Included panes
 * ({@code fx:include}) inherit both from the loader that includes them.
 */
public final class FxmlLoaderFactory {

    private final ControllerLookup controllers;
    private final Supplier<ResourceBundle> bundle;

    public FxmlLoaderFactory(ControllerLookup controllers, Supplier<ResourceBundle> bundle) {
        this.controllers = controllers;
        this.bundle = bundle;
    }

    public <C> Loaded<C> load(FxmlView view) {
        FXMLLoader loader = new FXMLLoader(view.url(), bundle.get(), null, controllers::create);
        try {
            Parent root = loader.load();
            return new Loaded<>(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + view, e);
        }
    }

    public ResourceBundle bundle() {
        return bundle.get();
    }

    /** A loaded view and its controller. */
    public record Loaded<C>(Parent root, C controller) {
    }
}
