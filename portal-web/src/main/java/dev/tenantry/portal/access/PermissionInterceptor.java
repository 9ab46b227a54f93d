package dev.tenantry.portal.access;

import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Enforces {@link RequiresPermission} before the method runs: authorise first; a refusal is audited and thrown. */
@RequiresPermission("")
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class PermissionInterceptor {

    @Inject
    CurrentStaff staff;

    @Inject
    AccessControl access;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        access.require(staff.user().orElse("anonymous"), staff.groups(), tenantArgument(invocation),
                invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName(), null,
                required(invocation.getMethod()));
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
