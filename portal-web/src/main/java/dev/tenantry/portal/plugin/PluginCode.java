package dev.tenantry.portal.plugin;

import java.util.concurrent.Callable;

/**
 * Calls into a plugin with the thread's context class loader set to the plugin's own loader, and back afterwards.
 * Defence in depth, not a sandbox: a library the plugin uses that looks classes or resources up through the context
 * class loader (ServiceLoader, JAXB, logging back ends …) finds the plugin's and the plugin API's, never the host's
 * internals. Pages are rendered by Faces, which keys its own state to the context class loader, so they are left as
 * they are.
 */
public final class PluginCode {

    private PluginCode() {
    }

    /** Calls {@code body} with the context class loader of the plugin whose class {@code plugin} is an instance of. */
    public static <T> T call(Object plugin, Callable<T> body) throws Exception {
        return call(plugin.getClass().getClassLoader(), body);
    }

    /** Calls {@code body} with {@code loader} as the thread's context class loader. */
    public static <T> T call(ClassLoader loader, Callable<T> body) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** {@link #call(ClassLoader, Callable)} for code that throws no checked exception. */
    public static <T> T unchecked(ClassLoader loader, java.util.function.Supplier<T> body) {
        try {
            return call(loader, body::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
