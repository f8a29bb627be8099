package health.ward.patient.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a resource method accesses, so that attempts which never reach the method (denied
 * by role, invalid input) are audited with the right action and resource type.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

    AuditAction action();

    String resourceType();
}
