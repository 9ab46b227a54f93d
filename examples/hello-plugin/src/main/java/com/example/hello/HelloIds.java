package com.example.hello;

/** The ids this plugin's manifest declares, named once for its code and its contract test. */
public final class HelloIds {

    public static final String PLUGIN = "hello";
    public static final String VIEW = "hello:view";
    public static final String PROFILE_SCOPES = "hello.profile";
    public static final String AUDIT_SCOPES = "hello.audit";

    private HelloIds() {
    }
}
