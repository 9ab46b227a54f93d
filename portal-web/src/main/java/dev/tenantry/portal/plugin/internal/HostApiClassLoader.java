package dev.tenantry.portal.plugin.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin's class loader: it lets through only what a plugin may use of the host, the JDK,
 * plugin-api, the Jakarta and MicroProfile APIs and PrimeFaces, and answers "not found" for everything else, so host
 * internals (and the host's libraries) are invisible to plugins.
 */
public final class HostApiClassLoader extends ClassLoader {

    /** Packages (and their sub-packages) a plugin sees from the host. */
    static final List<String> VISIBLE = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.",
            "dev.tenantry.plugin.api.", "jakarta.", "org.eclipse.microprofile.", "org.primefaces.", "org.pf4j.",
            "org.slf4j.");

    private final ClassLoader host;

    public HostApiClassLoader(ClassLoader host) {
        super(null);
        this.host = host;
    }

    /** Whether a plugin may see the class or package named (dotted or a resource path). */
    static boolean visible(String name) {
        String dotted = name.replace('/', '.');
        return VISIBLE.stream().anyMatch(dotted::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!visible(name)) {
            throw new ClassNotFoundException(name + " is part of the Tenantry host and not visible to plugins");
        }
        return host.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        return visible(name) ? host.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return visible(name) ? host.getResources(name) : Collections.emptyEnumeration();
    }
}
