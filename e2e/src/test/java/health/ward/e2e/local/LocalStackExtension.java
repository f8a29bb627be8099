package health.ward.e2e.local;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import health.ward.e2e.stack.LocalStack;
import health.ward.e2e.stack.Ports;
import health.ward.testing.RepoPaths;

/**
 * One local stack for the whole e2e run, on free ports, stopped by JUnit when the run ends (the
 * root store closes it), so no process outlives the tests. Keycloak sits behind a link that
 * {@link KeycloakOutageTest} cuts and restores.
 */
public class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    private static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("stack",
                key -> new Closing(LocalStack.startWithKeycloakLink(Ports.free(), RepoPaths.runDirectory("e2e-local-" + ProcessHandle.current().pid()))),
                Closing.class).stack();
    }

    /** Adapts the stack to JUnit's store, which closes AutoCloseable values at the end of the run. */
    record Closing(LocalStack stack) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
