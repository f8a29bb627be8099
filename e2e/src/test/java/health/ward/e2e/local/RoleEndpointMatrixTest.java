package health.ward.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.bench.AuditLedger;
import health.ward.e2e.stack.LocalStack;

/**
 * Deny by default, proven on the packaged service with real Keycloak tokens: every operation the
 * OpenAPI document lists is called as every demo role and anonymously. The expected matrix below is
 * written by hand from BRIEF.md, not read from the code; an operation missing from it fails the test.
 * Every authenticated call must also have left its own audit event (matched by X-Request-Id) whose
 * outcome matches the answer — denied calls as DENIED (WARD-AUD-001). Anonymous calls are refused
 * with 401 before any record is looked at; having no identity, they are not in the access trail.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("WARD-IAM-001")
@Tag("WARD-AUD-001")
class RoleEndpointMatrixTest {

    /** operation ("METHOD path" as in the OpenAPI document) -> the only role allowed. */
    static final Map<String, String> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("POST /api/v1/patients", "clinician");
        ALLOWED.put("GET /api/v1/patients", "clinician");
        ALLOWED.put("GET /api/v1/patients/{id}", "clinician");
        ALLOWED.put("PUT /api/v1/patients/{id}", "clinician");
        ALLOWED.put("POST /api/v1/patients/{id}/observations", "clinician");
        ALLOWED.put("GET /api/v1/patients/{id}/observations", "clinician");
        ALLOWED.put("POST /api/v1/patients/{id}/notes", "clinician");
        ALLOWED.put("GET /api/v1/patients/{id}/notes", "clinician");
        ALLOWED.put("GET /api/v1/me", "patient");
        ALLOWED.put("GET /api/v1/me/observations", "patient");
        ALLOWED.put("GET /api/v1/me/notes", "patient");
        ALLOWED.put("GET /api/v1/me/access-log", "patient");
        ALLOWED.put("GET /api/v1/me/export", "patient");
        ALLOWED.put("POST /api/v1/me/erasure-requests", "patient");
        ALLOWED.put("GET /api/v1/me/erasure-requests/{id}", "patient");
        ALLOWED.put("GET /api/v1/erasure-requests", "dpo");
        ALLOWED.put("POST /api/v1/erasure-requests/{id}/decision", "dpo");
        ALLOWED.put("PUT /api/v1/patients/{id}/legal-hold", "dpo");
        ALLOWED.put("DELETE /api/v1/patients/{id}/legal-hold", "dpo");
        ALLOWED.put("GET /api/v1/subjects/{id}/export", "dpo");
        ALLOWED.put("GET /api/v1/audit-events", "auditor");
        ALLOWED.put("GET /api/v1/audit-events/verify", "auditor");
    }

    /** Demo users of BRIEF.md, one per role. */
    static final Map<String, String[]> USERS = Map.of(
            "clinician", new String[] { "clin.ada", "demo-ada" },
            "patient", new String[] { "pat.carla", "demo-carla" },
            "auditor", new String[] { "aud.eve", "demo-eve" },
            "dpo", new String[] { "dpo.finn", "demo-finn" });

    private static WardClient client;
    private static LocalStack stack;

    @BeforeAll
    static void connect(LocalStack localStack) {
        stack = localStack;
        client = new WardClient(localStack);
    }

    @Test
    void theOpenApiDocumentListsExactlyTheOperationsInTheMatrix() throws Exception {
        assertThat(documentedOperations()).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
    }

    @Test
    void everyOperationAnswersOnlyItsRoleAndRequiresAToken() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (var user : USERS.entrySet()) {
            tokens.put(user.getKey(), client.token(user.getValue()[0], user.getValue()[1]));
        }
        List<String> wrong = new ArrayList<>();
        Map<String, String> answeredByRequestId = new LinkedHashMap<>(); // request id -> "operation as role -> status"
        Map<String, Integer> statusByRequestId = new LinkedHashMap<>();
        for (String operation : documentedOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replace("{id}", UUID.randomUUID().toString());
            String body = method.equals("GET") ? null : "{}";

            int anonymous = client.send(method, path, null, body).statusCode();
            if (anonymous != 401) {
                wrong.add(operation + " anonymous -> " + anonymous);
            }
            for (var role : tokens.entrySet()) {
                String requestId = "matrix-" + UUID.randomUUID();
                HttpResponse<String> response = client.send(method, path, role.getValue(), body, requestId);
                boolean allowed = role.getKey().equals(ALLOWED.get(operation));
                int status = response.statusCode();
                answeredByRequestId.put(requestId, operation + " as " + role.getKey() + " -> " + status);
                statusByRequestId.put(requestId, status);
                boolean denied = status == 401 || status == 403;
                if (allowed == denied || status >= 500) {
                    wrong.add(operation + " as " + role.getKey() + " -> " + status);
                }
            }
        }
        assertThat(wrong).as("operations answering a role they should not, or failing").isEmpty();

        Map<String, List<AuditLedger.Event>> events = AuditLedger.eventsByRequestId(stack.database(), statusByRequestId.keySet());
        List<String> unaudited = new ArrayList<>();
        statusByRequestId.forEach((requestId, status) -> {
            List<String> outcomes = events.getOrDefault(requestId, List.of()).stream().map(AuditLedger.Event::outcome).toList();
            String expected = expectedOutcome(status);
            if (!outcomes.contains(expected)) {
                unaudited.add(answeredByRequestId.get(requestId) + ": audit outcomes " + outcomes + ", expected " + expected);
            }
        });
        assertThat(unaudited).as("authenticated calls without an audit event of the matching outcome").isEmpty();
    }

    /** The audit outcome an answer must have been recorded with. */
    private static String expectedOutcome(int status) {
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        return switch (status) {
            case 400, 409 -> "INVALID";
            case 403 -> "DENIED";
            case 404 -> "NOT_FOUND";
            default -> "no outcome is defined for HTTP " + status;
        };
    }

    private static Set<String> documentedOperations() throws Exception {
        HttpResponse<String> response = client.send("GET", "/q/openapi?format=json", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = WardClient.JSON.readTree(response.body()).get("paths");
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }
}
