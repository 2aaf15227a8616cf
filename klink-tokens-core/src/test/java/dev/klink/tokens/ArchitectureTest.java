package dev.klink.tokens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Core's boundaries, checked on its compiled main classes ({@code target/classes}). */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter().importPath(Path.of("target", "classes"));

    /** No package cycle: the API uses the SPI, both use the paging values, and the SPI uses nothing of the API. */
    @Test
    void packagesWhenSlicedThenFreeOfCycles() {
        slices().matching("dev.klink.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void coreWhenCompiledThenImportsNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                "javax.servlet..", "org.jdbi..", "com.fasterxml.jackson..", "tools.jackson..")
                .because("core is framework-free: JDK and slf4j-api only")
                .check(CORE);
    }

    @Test
    void coreWhenCompiledThenHasNoInternalPackage() {
        noClasses().should().resideInAPackage("..internal..")
                .because("code without a compatibility promise is package-private next to its user")
                .check(CORE);
    }
}
