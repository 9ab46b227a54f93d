package dev.tenantry.portal.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** Every API answer names its request's correlation id, which the server's log and problem details also carry. */
@Provider
public class CorrelationFilter implements ContainerResponseFilter {

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(ApiRequests.CORRELATION_HEADER, ApiRequests.correlationId(servletRequest));
    }
}
