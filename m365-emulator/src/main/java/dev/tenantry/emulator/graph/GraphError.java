package dev.tenantry.emulator.graph;

/** A Microsoft Graph error: the HTTP status and the {@code error.code} / {@code error.message} of the body. */
final class GraphError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    GraphError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static GraphError notFound(String id) {
        return new GraphError(404, "Request_ResourceNotFound", "Resource '" + id
                + "' does not exist or one of its queried reference-property objects are not present.");
    }

    static GraphError badRequest(String message) {
        return new GraphError(400, "Request_BadRequest", message);
    }

    static GraphError denied() {
        return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }
}
