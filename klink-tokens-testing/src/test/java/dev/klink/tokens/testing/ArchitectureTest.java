package dev.klink.tokens.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** This module's boundaries, checked on its compiled main classes ({@code target/classes}). */
class ArchitectureTest {

    private static final JavaClasses MODULE = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void packagesWhenSlicedThenFreeOfCycles() {
        slices().matching("dev.klink.(**)").should().beFreeOfCycles().check(MODULE);
    }

    @Test
    void testingWhenCompiledThenImportsNoSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("klink-tokens-spring is the only module that imports Spring")
                .check(MODULE);
    }

    @Test
    void testingWhenCompiledThenUsesOnlyPublicClassesOfOtherModules() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.klink.tokens..")
                .and(resideOutsideOfPackage("dev.klink.tokens.testing.."))
                .and(not(modifier(JavaModifier.PUBLIC))))
                .check(MODULE);
    }

    @Test
    void testingWhenCompiledThenHasNoInternalPackage() {
        noClasses().should().resideInAPackage("..internal..")
                .because("code without a compatibility promise is package-private next to its user")
                .check(MODULE);
    }
}
