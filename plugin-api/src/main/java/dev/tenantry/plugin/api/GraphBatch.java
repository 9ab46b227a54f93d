package dev.tenantry.plugin.api;

import com.microsoft.graph.core.content.BatchRequestContentCollection;
import com.microsoft.graph.core.content.BatchResponseContentCollection;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Independent Graph requests sent together through JSON batching ({@code $batch}, at most 20 a batch, split by the
 * SDK), for use inside {@link GraphAccess#call}. Microsoft answers each request of a batch on its own: a request that
 * was throttled (429) or met an unavailable service (503, 504) is sent again in a later batch, after the longest
 * {@code Retry-After} those answers asked for (at most 30 seconds a round), up to {@code rounds} times; the others keep
 * their answers. A request that is still throttled at the end keeps its 429 — nothing is sent twice once answered.
 *
 * <pre>{@code
 * Map<String, GraphBatch.Answer> answers = graphAccess.call(tenant, "secure.read-posture", graph ->
 *         GraphBatch.send(graph, Map.of(
 *                 "policies", graph.identity().conditionalAccess().policies().toGetRequestInformation(),
 *                 "authorization", graph.policies().authorizationPolicy().toGetRequestInformation()), 3));
 * AuthorizationPolicy policy = answers.get("authorization").body(AuthorizationPolicy::createFromDiscriminatorValue);
 * }</pre>
 */
public final class GraphBatch {

    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(2);

    private GraphBatch() {
    }

    /** The answer to one request of a batch: its HTTP status and, to read on demand, its body. */
    public static final class Answer {
        private final int status;
        private final int rounds;
        private final BatchResponseContentCollection responses;
        private final String stepId;

        Answer(int status, int rounds, BatchResponseContentCollection responses, String stepId) {
            this.status = status;
            this.rounds = rounds;
            this.responses = responses;
            this.stepId = stepId;
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

        /** The body as a Graph model (for a 2xx), or the error for another status. */
        public <T extends Parsable> T body(ParsableFactory<T> factory) throws IOException {
            return responses.getResponseById(stepId, factory);
        }
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
            BatchResponseContentCollection responses = graph.getBatchRequestBuilder().post(pending, null);
            Map<String, Integer> statuses = responses.getResponsesStatusCodes();
            BatchRequestContentCollection next = new BatchRequestContentCollection(graph);
            Map<String, K> nextKeys = new LinkedHashMap<>();
            Duration pause = Duration.ZERO;
            for (Map.Entry<String, Integer> entry : statuses.entrySet()) {
                String stepId = entry.getKey();
                int status = entry.getValue();
                answers.put(keys.get(stepId), new Answer(status, round, responses, stepId));
                if (status == 429 || status == 503 || status == 504) {
                    // The request as the SDK built it (its body already read into the step), in a new step
                    nextKeys.put(next.addBatchRequestStep(pending.getBatchRequestSteps().get(stepId).getRequest()),
                            keys.get(stepId));
                    pause = max(pause, retryAfter(responses, stepId));
                }
            }
            if (nextKeys.isEmpty() || round == Math.max(1, rounds)) {
                break;
            }
            Thread.sleep(pause.toMillis());
            pending = next;
            keys = nextKeys;
        }
        return answers;
    }

    private static Duration retryAfter(BatchResponseContentCollection responses, String stepId) {
        try (okhttp3.Response response = responses.getResponseById(stepId)) {
            String value = response == null ? null : response.header("Retry-After");
            if (value != null && value.matches("\\d{1,6}")) {
                Duration asked = Duration.ofSeconds(Long.parseLong(value));
                return asked.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : asked;
            }
        }
        return DEFAULT_PAUSE;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
