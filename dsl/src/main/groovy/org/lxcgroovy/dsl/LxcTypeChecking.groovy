package org.lxcgroovy.dsl

import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.MethodNode
import org.codehaus.groovy.ast.expr.ArgumentListExpression
import org.codehaus.groovy.ast.expr.MethodCallExpression
import org.codehaus.groovy.ast.expr.TupleExpression
import org.codehaus.groovy.transform.stc.GroovyTypeCheckingExtensionSupport

/**
 * Type checking of the DSL: inside a closure, Groovy's checker resolves an unqualified {@code run(...)} against
 * the closure's own {@code Runnable.run()} before it asks the delegate, so {@code ExecResult r = run('uname')} in
 * a fleet body would read as void. Here such a call is resolved against {@link FleetMember}'s {@code run}
 * overloads (the in-container closure has the same); arguments that fit none are left to the checker's error.
 * {@link ScriptCompiler} adds this extension to every {@code @TypeChecked} in a script.
 */
class LxcTypeChecking extends GroovyTypeCheckingExtensionSupport.TypeCheckingDSL {
    @Override
    Object run() {
        beforeMethodCall { call ->
            if (!(call instanceof MethodCallExpression) || !call.implicitThis || call.methodAsString != 'run'
                    || enclosingClosure == null) {
                return
            }
            ArgumentListExpression args = call.arguments instanceof TupleExpression
                    ? new ArgumentListExpression(((TupleExpression) call.arguments).expressions) : null
            if (args == null) {
                return
            }
            ClassNode[] types = getArgumentTypes(args)
            List<MethodNode> found = typeCheckingVisitor.findMethod(classNodeFor(FleetMember), 'run', types)
            if (found.size() >= 1) {
                handled = true
                storeType(call, found[0].returnType)
            }
        }
    }
}
