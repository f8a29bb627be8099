package health.ward.e2e.stack;

import health.ward.testing.ManagedProcess;

/** Where each local server listens. All bind to 127.0.0.1. */
public record Ports(int postgres, int openBao, int keycloak, int keycloakManagement, int patientApi) {

    /** The documented local stack ports (BRIEF.md): what `make run` uses. */
    public static Ports documented() {
        return new Ports(15432, 8200, 8180, 9180, 8080);
    }

    /** Free ports, so a test run never collides with a running `make run`. */
    public static Ports free() {
        return new Ports(ManagedProcess.freePort(), ManagedProcess.freePort(), ManagedProcess.freePort(),
                ManagedProcess.freePort(), ManagedProcess.freePort());
    }
}
