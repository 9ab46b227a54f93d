package dev.tenantry.portal.web;

import java.util.Locale;
import java.util.ResourceBundle;

/** The host's user-visible text; the same bundle Facelets reach as {@code #{msg}}. */
public final class Messages {

    /** Base name of the host's resource bundle, also declared in {@code faces-config.xml}. */
    public static final String BUNDLE = "dev.tenantry.portal.messages";

    private Messages() {
    }

    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale);
    }
}
