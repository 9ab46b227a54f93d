package dev.tenantry.portal.access;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.security.Principal;

/** Enforces {@link RequiresPermission} before the method runs: authorise first; a refusal is audited and thrown. */
@RequiresPermission("")
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class PermissionInterceptor {

    @Inject
    SecurityContext security;

    @Inject
    AccessControl access;

    @Inject
    AuditLog audit;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        String permission = required(invocation.getMethod());
        String tenantId = tenantArgument(invocation);
        Principal caller = security.getCallerPrincipal();
        String user = caller == null ? "anonymous" : caller.getName();
        if (caller == null || !access.callerPermissions(tenantId).contains(permission)) {
            audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "access.denied",
                    invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName(),
                    Outcome.DENIED).with("permission", permission));
            throw new AccessDeniedException(user + " lacks " + permission + (tenantId == null ? "" : " in tenant " + tenantId));
        }
        return invocation.proceed();
    }

    private static String required(Method method) {
        RequiresPermission onMethod = method.getAnnotation(RequiresPermission.class);
        RequiresPermission annotation = onMethod != null ? onMethod
                : method.getDeclaringClass().getAnnotation(RequiresPermission.class);
        return Permissions.check(annotation.value());
    }

    private static String tenantArgument(InvocationContext invocation) {
        Annotation[][] annotations = invocation.getMethod().getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof TenantId) {
                    Object value = invocation.getParameters()[i];
                    return value == null ? null : value.toString();
                }
            }
        }
        return null;
    }
}
