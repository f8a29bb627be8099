package health.ward.patient.health;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.vault.client.VaultClient;

/**
 * Ready only while Vault/OpenBao answers as initialised and unsealed: without it no PHI can be
 * written or (beyond the key cache) read, so traffic should go elsewhere. The database check comes
 * with the datasource extension.
 */
@Readiness
@ApplicationScoped
public class VaultReadiness implements HealthCheck {

    private final VaultClient vault;

    VaultReadiness(VaultClient vault) {
        this.vault = vault;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int status = vault.sys().health().statusCode().toCompletableFuture().get(2, TimeUnit.SECONDS);
            // 200 active, 429 unsealed standby, 473 performance standby: all can serve Transit.
            boolean up = status == 200 || status == 429 || status == 473;
            return HealthCheckResponse.named("vault").status(up).withData("status", status).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.down("vault");
        } catch (Exception e) {
            return HealthCheckResponse.named("vault").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
