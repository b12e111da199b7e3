package dev.acomp.qpl;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resets the QPL simulator before each test and again after it, so that no knob a test sets and no counter
 * it moves reaches another test. Registered with {@code @ExtendWith} on a test class or a test method; the
 * test takes the {@link QplSimulator} as a parameter.
 */
public final class QplSimulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    @Override
    public void beforeEach(ExtensionContext context) {
        QplSimulator.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        QplSimulator.reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == QplSimulator.class;
    }

    @Override
    public QplSimulator resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new QplSimulator();
    }
}
