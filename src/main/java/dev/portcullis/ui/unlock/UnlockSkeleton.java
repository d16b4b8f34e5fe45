package dev.portcullis.ui.unlock;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/**
 * The window's first frame: the unlock page as it looks while the data directory opens (its card,
 * lock, title and "Opening ..." line, and where the password field and the button will be), built
 * in code from a few plain nodes so that it shows before the FXML loader, the text field and button
 * skins and the unlock view itself are loaded. The window replaces it with {@code unlock.fxml} right
 * after that frame; the two share unlock.css.
 */
public final class UnlockSkeleton {

    /** Feather's "lock" as a path, for the skeleton and unlock.fxml. */
    public static final String LOCK_ICON = "M5 11h14a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z M7 11V7a5 5 0 0 1 10 0v4";

    private UnlockSkeleton() {
    }

    public static Parent build(ResourceBundle texts, Path dataDir) {
        SVGPath lock = new SVGPath();
        lock.setContent(LOCK_ICON);
        lock.getStyleClass().add("unlock-icon");
        Label title = new Label(texts.getString("unlock.title"));
        title.getStyleClass().add("title-3");
        title.setWrapText(true);
        HBox header = new HBox(10, lock, title);
        header.setAlignment(Pos.CENTER_LEFT);
        Label intro = new Label(MessageFormat.format(texts.getString("unlock.opening"), dataDir));
        intro.getStyleClass().add("text-muted");
        intro.setWrapText(true);
        Region field = new Region();
        field.getStyleClass().add("skeleton-field");
        Region button = new Region();
        button.getStyleClass().add("skeleton-button");
        HBox buttons = new HBox(button);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(header, intro, field, buttons); // spacing, padding and width: unlock.css
        card.getStyleClass().add("unlock-card");
        card.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane root = new StackPane(card);
        root.getStyleClass().add("unlock-view");
        root.getStylesheets().add(UnlockSkeleton.class.getResource("/dev/portcullis/ui/unlock/unlock.css").toExternalForm());
        return root;
    }
}
