package health.ward.patient.crypto;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quarkus.vault.client.VaultClientException;

/** Blocking use of the asynchronous Vault client, with one time limit and one way to fail. */
public final class VaultCalls {

    private VaultCalls() {
    }

    /** The stage's result within 10 s, or {@link KeyServiceUnavailableException}. */
    public static <T> T await(String operation, CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyServiceUnavailableException(operation, e);
        } catch (ExecutionException | CompletionException e) {
            throw new KeyServiceUnavailableException(operation, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new KeyServiceUnavailableException(operation, e);
        }
    }

    /** Vault answered {@code status} (e.g. 404: no such secret), as opposed to any other failure. */
    public static boolean answered(Throwable e, int status) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VaultClientException vce) {
                return Integer.valueOf(status).equals(vce.getStatus());
            }
        }
        return false;
    }
}
