package dev.tenantry.portal.plugin.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin's class loader: it lets through only what a plugin may use, the JDK (from the platform,
 * never the server's implementation classes that share its package names), and from the host plugin-api, the Jakarta
 * and MicroProfile APIs, PrimeFaces, PF4J, SLF4J and the Microsoft Graph SDK; everything else is "not found", so host internals (and the host's
 * libraries) are invisible to plugins.
 */
public final class HostApiClassLoader extends ClassLoader {

    /** Packages (and their sub-packages) of the JDK, taken from the platform. */
    static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.");

    /** Packages (and their sub-packages) a plugin sees from the host. */
    static final List<String> API = List.of("dev.tenantry.plugin.api.", "jakarta.", "org.eclipse.microprofile.",
            "org.primefaces.", "org.pf4j.", "org.slf4j.",
            // The Graph SDK's client and models, which GraphAccess hands to plugins (one copy, the server's module)
            "com.microsoft.graph.", "com.microsoft.kiota.");

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final ClassLoader host;

    public HostApiClassLoader(ClassLoader host) {
        super(null);
        this.host = host;
    }

    /** Whether a plugin may see the class or package named (dotted or a resource path). */
    static boolean visible(String name) {
        return source(name) != null;
    }

    /** Where a class or resource a plugin may see comes from; null for what it may not. */
    private static Boolean source(String name) {
        String dotted = name.replace('/', '.');
        if (JDK.stream().anyMatch(dotted::startsWith)) {
            return Boolean.FALSE;
        }
        return API.stream().anyMatch(dotted::startsWith) ? Boolean.TRUE : null;
    }

    private ClassLoader loaderFor(String name) {
        Boolean fromHost = source(name);
        return fromHost == null ? null : fromHost ? host : PLATFORM;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        ClassLoader loader = loaderFor(name);
        if (loader == null) {
            throw new ClassNotFoundException(name + " is part of the Tenantry host and not visible to plugins");
        }
        return loader.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        ClassLoader loader = loaderFor(name);
        return loader == null ? null : loader.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        ClassLoader loader = loaderFor(name);
        return loader == null ? Collections.emptyEnumeration() : loader.getResources(name);
    }
}
