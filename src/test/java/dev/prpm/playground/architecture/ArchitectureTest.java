package dev.prpm.playground.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/** Package-by-feature boundaries (README, Architecture). */
class ArchitectureTest {

    private static final String ROOT = "dev.prpm.playground";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    }

    @Test
    void featuresDoNotDependOnEachOtherInCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void commonKnowsNoFeature() {
        noClasses().that()
            .resideInAPackage(ROOT + ".common..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ROOT + ".auth..", ROOT + ".credits..", ROOT + ".packages..", ROOT + ".runs..",
                    ROOT + ".providers..", ROOT + ".billing..", ROOT + ".sessions..", ROOT + ".web..",
                    ROOT + ".usage..", ROOT + ".idempotency..", ROOT + ".database..", ROOT + ".observability..",
                    ROOT + ".jobs..")
            .check(classes);
    }

    @Test
    void repositoriesAreReachableOnlyFromTheirOwnFeature() {
        // Package-private repositories can only be used inside their feature's package.
        classes().that().areAnnotatedWith(Repository.class).should().notBePublic().check(classes);
    }

    @Test
    void onlyRepositoriesTalkSql() {
        noClasses().that()
            .areNotAnnotatedWith(Repository.class)
            .and()
            .resideOutsideOfPackage(ROOT + ".database..")
            .should()
            .dependOnClassesThat()
            .areAssignableTo(JdbcClient.class)
            .check(classes);
    }

    @Test
    void onlyUsageListensToRuns() {
        // Module dependencies are verified by Spring Modulith (ModularityTests); this
        // keeps the
        // run pipeline at the top: nothing but the usage listener (and jobs, through the
        // HeldRuns facade) may know about it.
        noClasses().that()
            .resideOutsideOfPackages(ROOT + ".runs..", ROOT + ".usage..", ROOT + ".jobs..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT + ".runs..")
            .check(classes);
    }

    @Test
    void onlyTheProvidersFeatureTouchesAiSdks() {
        noClasses().that()
            .resideOutsideOfPackage(ROOT + ".providers..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.anthropic..", "com.openai..")
            .check(classes);
    }

    @Test
    void controllersAreEntryPointsNobodyCalls() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic().check(classes);
        noClasses().should().dependOnClassesThat().areAnnotatedWith(RestController.class).check(classes);
    }

    @Test
    void theWebErrorMapperIsTheOnlyPlaceThatBuildsProblemBodies() {
        noClasses().that()
            .resideOutsideOfPackage(ROOT + ".web..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.http.ProblemDetail")
            .check(classes);
    }

}
