package dev.tenantry.portal.plugin.web;

import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.plugin.PluginRegistry;
import jakarta.faces.application.Resource;
import jakarta.faces.application.ResourceHandler;
import jakarta.faces.application.ResourceHandlerWrapper;
import jakarta.faces.application.ViewResource;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge from Faces to plugin files: views under {@code /<plugin-id>/} and resources of library
 * {@code <plugin-id>} (images, scripts, stylesheets, composite components) come from that plugin's class loader, at
 * {@code META-INF/resources/<plugin-id>/…} in its jar. Only running plugins are served; everything else goes to the
 * portal's own handler.
 */
public class PluginResourceHandler extends ResourceHandlerWrapper {

    public PluginResourceHandler(ResourceHandler wrapped) {
        super(wrapped);
    }

    @Override
    public ViewResource createViewResource(FacesContext context, String resourceName) {
        Optional<URL> url = pluginFile(resourceName);
        if (url.isPresent()) {
            URL found = url.get();
            return new ViewResource() {
                @Override
                public URL getURL() {
                    return found;
                }
            };
        }
        return super.createViewResource(context, resourceName);
    }

    @Override
    public Resource createResource(String resourceName, String libraryName) {
        if (libraryName != null && !resourceName.contains("..")) {
            Optional<URL> url = pluginFile("/" + libraryName + "/" + resourceName);
            if (url.isPresent()) {
                return new PluginResource(resourceName, libraryName, url.get(),
                        FacesContext.getCurrentInstance().getExternalContext().getMimeType(resourceName));
            }
        }
        return super.createResource(resourceName, libraryName);
    }

    @Override
    public Resource createResource(String resourceName, String libraryName, String contentType) {
        Resource resource = libraryName == null ? null : createResource(resourceName, libraryName);
        return resource instanceof PluginResource ? resource
                : super.createResource(resourceName, libraryName, contentType);
    }

    /**
     * Serves a request for a running plugin's resource itself (never its views, classes or bundles); any other goes to
     * the portal's handler.
     */
    @Override
    public void handleResourceRequest(FacesContext context) throws IOException {
        var external = context.getExternalContext();
        String library = external.getRequestParameterMap().get("ln");
        if (library == null || host().classLoaderOf(library).isEmpty()) {
            super.handleResourceRequest(context);
            return;
        }
        String path = external.getRequestPathInfo() != null ? external.getRequestPathInfo()
                : external.getRequestServletPath();
        String name = path.substring(path.indexOf(RESOURCE_IDENTIFIER) + RESOURCE_IDENTIFIER.length() + 1);
        String mapping = ".xhtml";
        if (name.endsWith(mapping)) {
            name = name.substring(0, name.length() - mapping.length());
        }
        if (EXCLUDED.stream().anyMatch(name::endsWith)) {
            external.setResponseStatus(404);
            return;
        }
        Resource resource = createResource(name, library);
        if (!(resource instanceof PluginResource)) {
            external.setResponseStatus(404);
            return;
        }
        external.setResponseContentType(resource.getContentType());
        resource.getResponseHeaders().forEach(external::setResponseHeader);
        try (InputStream in = resource.getInputStream()) {
            in.transferTo(external.getResponseOutputStream());
        }
        context.responseComplete();
    }

    /** Files of a plugin that are never sent to a browser. */
    private static final java.util.List<String> EXCLUDED = java.util.List.of(".xhtml", ".class", ".properties",
            ".json", ".jsp", ".MF");

    @Override
    public boolean libraryExists(String libraryName) {
        return host().classLoaderOf(libraryName).isPresent() || super.libraryExists(libraryName);
    }

    /** {@code /<plugin-id>/path} inside a running plugin's jar, if it is there. */
    private Optional<URL> pluginFile(String path) {
        if (path == null || !path.startsWith("/") || path.contains("..")) {
            return Optional.empty();
        }
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            return Optional.empty();
        }
        String pluginId = path.substring(1, slash);
        return host().classLoaderOf(pluginId)
                .map(loader -> loader.getResource(PluginManifests.VIEWS + path));
    }

    private static PluginRegistry host() {
        return HostLookup.host();
    }

    /** A file of a plugin served as a Faces resource. */
    static final class PluginResource extends Resource {

        private final URL url;

        PluginResource(String name, String library, URL url, String contentType) {
            this.url = url;
            setResourceName(name);
            setLibraryName(library);
            setContentType(contentType == null ? "application/octet-stream" : contentType);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return url.openStream();
        }

        @Override
        public Map<String, String> getResponseHeaders() {
            Map<String, String> headers = new HashMap<>();
            headers.put("Cache-Control", "private, max-age=3600");
            return headers;
        }

        @Override
        public String getRequestPath() {
            FacesContext context = FacesContext.getCurrentInstance();
            return context.getApplication().getViewHandler().getResourceURL(context,
                    ResourceHandler.RESOURCE_IDENTIFIER + "/" + getResourceName() + ".xhtml?ln=" + getLibraryName());
        }

        @Override
        public URL getURL() {
            return url;
        }

        @Override
        public boolean userAgentNeedsUpdate(FacesContext context) {
            return true;
        }
    }
}
