package dev.tenantry.plugin.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchRequestContentCollection;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ApiExceptionBuilder;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.ResponseHeaders;
import com.microsoft.kiota.http.HeadersCompatibility;
import com.microsoft.kiota.serialization.JsonParseNode;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Independent Graph requests sent together through JSON batching ({@code $batch}, at most 20 a batch, split by the
 * SDK), for use inside {@link GraphAccess#call}. Microsoft answers each request of a batch on its own: a request that
 * was throttled (429) or met an unavailable service (503, 504) is sent again in a later batch, after the longest
 * {@code Retry-After} those answers asked for, up to {@code rounds} times, when that is at most two seconds (as the host
 * retries a single call); the others keep their answers. When Microsoft asks for longer, the batch ends at once and the
 * throttled requests keep their 429: {@link Answer#orThrow} then throws what the host turns into
 * {@code GraphUnavailableException} with that {@code Retry-After}, so that a scheduled run or a fleet's work gives its
 * place back and comes again later instead of holding it while it waits. Nothing is sent twice once answered.
 *
 * <pre>{@code
 * Map<String, GraphBatch.Answer> answers = graphAccess.call(tenant, "secure.read-posture", graph ->
 *         GraphBatch.send(graph, Map.of(
 *                 "policies", graph.identity().conditionalAccess().policies().toGetRequestInformation(),
 *                 "authorization", graph.policies().authorizationPolicy().toGetRequestInformation()), 3));
 * AuthorizationPolicy policy = answers.get("authorization").body(AuthorizationPolicy::createFromDiscriminatorValue);
 * }</pre>
 *
 * <p>Collections page: {@link #pages} takes a collection's first page from its answer, and {@link #follow} reads the
 * next pages of several collections together, the next page of each in the same batch, so a read of a few collections
 * of a few pages takes as many round trips as its longest collection has pages, not one per page. Ask each collection
 * for Microsoft's largest page ({@code $top}, where the endpoint takes it) and there are few pages to follow.
 */
public final class GraphBatch {

    /** The longest {@code Retry-After} waited out inside a batch; the host's gateway waits as long for one call. */
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);
    private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(2);
    /** How the SDK reads a refused batch: Graph's error. */
    private static final Map<String, ParsableFactory<? extends Parsable>> ERRORS = Map.of("XXX",
            ODataError::createFromDiscriminatorValue);

    private GraphBatch() {
    }

    /** The answer to one request of a batch: its HTTP status and, to read on demand, its body. */
    public static final class Answer {
        private final int status;
        private final int rounds;
        /** Microsoft's answer as the batch carried it: {@code status}, {@code headers}, {@code body}. */
        private final JsonObject response;

        Answer(int status, int rounds, JsonObject response) {
            this.status = status;
            this.rounds = rounds;
            this.response = response;
        }

        public int status() {
            return status;
        }

        /** Whether Microsoft answered 2xx. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /** How many batches it took (1 when answered the first time). */
        public int rounds() {
            return rounds;
        }

        /**
         * The body as a Graph model (for a 2xx), or the error for another status. Read from the batch as it was parsed
         * once, not written out and parsed again (the SDK's way: a page of 999 users read twice).
         */
        public <T extends Parsable> T body(ParsableFactory<T> factory) throws IOException {
            if (!succeeded()) {
                orThrow();
            }
            JsonElement body = response.get("body");
            if (body == null || body.isJsonNull()) {
                return null;
            }
            return new JsonParseNode(body).getObjectValue(factory);
        }

        /** The headers Microsoft answered this request with (a batch carries each answer's own). */
        ResponseHeaders headers() {
            ResponseHeaders headers = new ResponseHeaders();
            JsonElement given = response.get("headers");
            if (given != null && given.isJsonObject()) {
                given.getAsJsonObject().entrySet().stream().filter(header -> header.getValue().isJsonPrimitive())
                        .forEach(header -> headers.add(header.getKey(), header.getValue().getAsString()));
            }
            return headers;
        }

        /**
         * This answer when Microsoft answered 2xx; otherwise throws it as the SDK throws the answer of a request sent
         * on its own: Graph's {@code ODataError} with the status and headers (its {@code Retry-After} too), so the host
         * makes a 401 or 403 "consent required" and a 429 "unavailable, try later".
         *
         * @since 1.6.0
         */
        public Answer orThrow() throws ApiException {
            if (succeeded()) {
                return this;
            }
            throw failure(status, response.get("body"), headers(), "in a $batch");
        }
    }

    /** What the SDK throws for an answer that is not 2xx: Graph's error if the body holds one, status and headers. */
    private static ApiException failure(int status, JsonElement body, ResponseHeaders headers, String where) {
        ODataError error = null;
        if (body != null && body.isJsonObject()) {
            try {
                error = new JsonParseNode(body).getObjectValue(ODataError::createFromDiscriminatorValue);
            } catch (RuntimeException unreadable) {
                // No Graph error body: the status says enough
            }
        }
        ODataError parsed = error;
        ApiExceptionBuilder failure = parsed == null || parsed.getError() == null ? new ApiExceptionBuilder()
                .withMessage("Microsoft Graph answered HTTP " + status + " " + where)
                : new ApiExceptionBuilder(() -> parsed);
        failure.withResponseStatusCode(status);
        failure.withResponseHeaders(headers);
        return failure.build();
    }

    /**
     * A collection read through batches: its items so far and where its next page is, or the answer that ended it.
     *
     * @since 1.6.0
     */
    public static final class Pages<T> {
        private final Reader<T> reader;
        private final List<T> items = new ArrayList<>();
        private String nextLink;
        private Answer failure;
        private int pages;

        private Pages(Reader<T> reader) {
            this.reader = reader;
        }

        /** Reads one page's items and its next link. */
        @FunctionalInterface
        private interface Reader<T> {
            String read(Answer answer, List<T> into) throws IOException;
        }

        private void take(Answer answer) throws IOException {
            if (!answer.succeeded()) {
                failure = answer;
                nextLink = null;
                return;
            }
            pages++;
            nextLink = reader.read(answer, items);
        }

        /**
         * The items read since the last call, forgotten here: a long collection is then written page by page instead
         * of held whole ({@link #items} gives only what was not drained).
         *
         * @since 1.7.0
         */
        public List<T> drain() {
            List<T> drained = List.copyOf(items);
            items.clear();
            return drained;
        }

        /** Whether there is a next page to read. */
        public boolean hasNext() {
            return nextLink != null;
        }

        /** Whether every page read so far was answered 2xx. */
        public boolean succeeded() {
            return failure == null;
        }

        /** The status of the answer that ended the collection: 200, or the failing page's. */
        public int status() {
            return failure == null ? 200 : failure.status();
        }

        /** How many pages were read. */
        public int pages() {
            return pages;
        }

        /**
         * Every item, once {@link #follow} read the last page.
         *
         * @throws ApiException what a page was answered instead, as {@link Answer#orThrow} throws it
         */
        public List<T> items() throws ApiException {
            if (failure != null) {
                failure.orThrow();
            }
            return List.copyOf(items);
        }
    }

    /**
     * A collection whose first page is {@code first} (an answer of {@link #send}), to read to its end with
     * {@link #follow}.
     *
     * @param pages  the collection response's factory ({@code UserCollectionResponse::createFromDiscriminatorValue})
     * @param values its items, e.g. {@code UserCollectionResponse::getValue}
     * @since 1.6.0
     */
    public static <C extends com.microsoft.graph.models.BaseCollectionPaginationCountResponse, T> Pages<T> pages(
            Answer first, ParsableFactory<C> pages, Function<C, List<T>> values) throws IOException {
        Pages<T> collection = new Pages<>((answer, into) -> {
            C page = answer.body(pages);
            if (page == null) {
                return null;
            }
            List<T> items = values.apply(page);
            if (items != null) {
                into.addAll(items);
            }
            return page.getOdataNextLink();
        });
        collection.take(first);
        return collection;
    }

    /**
     * Reads every collection of {@code collections} to its end: each round sends the next page of each that has one,
     * all in one batch (20 to a batch), throttled ones again as {@link #send} does; a page answered otherwise than 2xx
     * ends its collection with that answer.
     *
     * @param rounds how many batches a throttled page may go in, at least 1
     * @since 1.6.0
     */
    public static void follow(GraphServiceClient graph, Collection<? extends Pages<?>> collections, int rounds)
            throws IOException, InterruptedException {
        while (next(graph, collections, rounds)) {
            // each round read the next page of each collection that had one
        }
    }

    /**
     * Reads the next page of each collection of {@code collections} that has one, all in one batch (20 to a batch):
     * one round of {@link #follow}, for a caller that writes what each round read ({@link Pages#drain}) before the
     * next.
     *
     * @return whether any collection had a next page (false: nothing was sent)
     * @since 1.7.0
     */
    public static boolean next(GraphServiceClient graph, Collection<? extends Pages<?>> collections, int rounds)
            throws IOException, InterruptedException {
        Map<Pages<?>, RequestInformation> next = new LinkedHashMap<>();
        for (Pages<?> collection : collections) {
            if (collection.nextLink != null) {
                next.put(collection, get(collection.nextLink));
            }
        }
        if (next.isEmpty()) {
            return false;
        }
        for (Map.Entry<Pages<?>, Answer> answer : send(graph, next, rounds).entrySet()) {
            answer.getKey().take(answer.getValue());
        }
        return true;
    }

    /**
     * A GET of a link Microsoft gave ({@code @odata.nextLink}, {@code @odata.deltaLink}) or of an absolute Graph
     * address, as the SDK's request builders make one, to {@link #send} with others.
     *
     * @since 1.7.0
     */
    public static RequestInformation get(String link) {
        RequestInformation request = new RequestInformation();
        request.httpMethod = HttpMethod.GET;
        request.setUri(URI.create(link));
        request.headers.tryAdd("Accept", "application/json");
        return request;
    }

    /**
     * Sends {@code requests} (by a key of the caller's choosing) in batches and returns each one's answer by key.
     *
     * @param rounds how many batches a throttled request may go in, at least 1
     */
    public static <K> Map<K, Answer> send(GraphServiceClient graph, Map<K, RequestInformation> requests, int rounds)
            throws IOException, InterruptedException {
        Objects.requireNonNull(graph, "graph");
        if (requests.isEmpty()) {
            return Map.of();
        }
        BatchRequestContentCollection batch = new BatchRequestContentCollection(graph);
        Map<String, K> first = new LinkedHashMap<>();
        requests.forEach((key, request) -> first.put(batch.addBatchRequestStep(request), key));
        Map<String, K> keys = first;
        Map<K, Answer> answers = new LinkedHashMap<>();
        BatchRequestContentCollection pending = batch;
        for (int round = 1; round <= Math.max(1, rounds); round++) {
            Map<String, JsonObject> responses = post(graph, pending);
            BatchRequestContentCollection next = new BatchRequestContentCollection(graph);
            Map<String, K> nextKeys = new LinkedHashMap<>();
            Duration pause = Duration.ZERO;
            for (Map.Entry<String, JsonObject> entry : responses.entrySet()) {
                String stepId = entry.getKey();
                JsonElement given = entry.getValue().get("status");
                int status = given == null || !given.isJsonPrimitive() ? 500 : given.getAsInt();
                Answer answer = new Answer(status, round, entry.getValue());
                answers.put(keys.get(stepId), answer);
                if (status == 429 || status == 503 || status == 504) {
                    // The request as the SDK built it (its body already read into the step), in a new step
                    nextKeys.put(next.addBatchRequestStep(pending.getBatchRequestSteps().get(stepId).getRequest()),
                            keys.get(stepId));
                    pause = max(pause, retryAfter(answer));
                }
            }
            if (nextKeys.isEmpty() || round == Math.max(1, rounds) || pause.compareTo(LONGEST_PAUSE) > 0) {
                break;
            }
            Thread.sleep(pause.toMillis());
            pending = next;
            keys = nextKeys;
        }
        return answers;
    }

    /**
     * Posts each batch of {@code pending} (20 requests to a batch) as the SDK does and reads Microsoft's answers to
     * its requests, each batch parsed once; the answers by step id.
     *
     * @throws ApiException when Microsoft refused a batch as a whole (its status and error, as for a single request)
     */
    private static Map<String, JsonObject> post(GraphServiceClient graph, BatchRequestContentCollection pending)
            throws IOException {
        Map<String, JsonObject> responses = new LinkedHashMap<>();
        for (BatchRequestContent content : pending.getBatchRequestsForExecution()) {
            RequestInformation request = graph.getBatchRequestBuilder().toPostRequestInformation(content);
            NativeResponseHandler handler = new NativeResponseHandler();
            request.setResponseHandler(handler);
            graph.getRequestAdapter().sendPrimitive(request, new HashMap<>(ERRORS), java.io.InputStream.class);
            try (okhttp3.Response response = (okhttp3.Response) handler.getValue()) {
                if (response == null || response.body() == null) {
                    throw new IOException("Microsoft Graph answered a $batch without a body");
                }
                JsonElement root;
                try (Reader body = response.body().charStream()) {
                    root = JsonParser.parseReader(body);
                } catch (RuntimeException unreadable) {
                    root = null;
                }
                if (!response.isSuccessful()) {
                    throw failure(response.code(), root, HeadersCompatibility.getResponseHeaders(response.headers()),
                            "to a $batch");
                }
                if (root == null || !root.isJsonObject() || !root.getAsJsonObject().has("responses")) {
                    throw new IOException("Microsoft Graph answered a $batch with no responses");
                }
                for (JsonElement each : root.getAsJsonObject().getAsJsonArray("responses")) {
                    JsonObject answer = each.getAsJsonObject();
                    responses.put(answer.get("id").getAsString(), answer);
                }
            }
        }
        return responses;
    }

    private static Duration retryAfter(Answer answer) {
        String value = answer.headers().getOrDefault("Retry-After", java.util.Set.of()).stream().findFirst()
                .orElse(null);
        if (value != null && value.matches("\\d{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        return DEFAULT_PAUSE;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
