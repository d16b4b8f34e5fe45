package dev.portcullis.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void controlBidiAndFormatCharactersBecomeVisibleEscapes() {
        // OSC 52 (clipboard write), a title change, a carriage return that overwrites the line, DEL, a C1 CSI
        assertEquals("\\x1b]52;c;cm0gLXJmIC8=\\x07", TerminalText.escape("\u001b]52;c;cm0gLXJmIC8=\u0007"));
        assertEquals("fail\\x0dok  ", TerminalText.escape("fail\rok  "));
        assertEquals("a\\u007fb\\u009b31m", TerminalText.escape("a\u007fb\u009b31m"));
        assertEquals("line\\x0afake: ok\\x09", TerminalText.escape("line\nfake: ok\t"));
        // every bidi control the operator could be fooled by, and other invisible format characters
        String bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\ufeff\u2028\u2029";
        assertEquals("\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c\\u200b\\ufeff"
                + "\\u2028\\u2029", TerminalText.escape(bidi));
        // a lone surrogate, and a format character outside the BMP (a language tag)
        assertEquals("x\\ud800y", TerminalText.escape("x\ud800y"));
        assertEquals("\\udb40\\udc01", TerminalText.escape("\udb40\udc01"));
    }

    @Test
    void ordinaryTextOfAnyScriptIsUnchanged() {
        String text = "حساب‌ویژه 用户一 parisa@example.org 👍🏽 👨‍👩‍👧 'quotes' \\ backslash";
        assertSame(text, TerminalText.escape(text));
    }

    @Test
    void keepLayoutKeepsLineBreaksAndTabsOnly() {
        assertEquals("a\n\tb\\x0d\\x1b[2J", TerminalText.escape("a\n\tb\r\u001b[2J", true));
    }
}
