/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package map of STYLE.md: arrows point down only. */
class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.netsmtp");
    }

    @Test
    void noCycles() {
        slices().matching("dev.netsmtp.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void rootDependsOnNoOtherNetsmtpPackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.netsmtp")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.netsmtp.(*)..")
                .check(classes);
    }

    @Test
    void lowerLayersDoNotKnowSessions() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.netsmtp.internal..", "dev.netsmtp.auth..", "dev.netsmtp.tls..", "dev.netsmtp.event..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.netsmtp.session..", "dev.netsmtp.pool..", "dev.netsmtp.template..")
                .check(classes);
    }

    @Test
    void siblingsOfTheWireLayerDoNotKnowEachOther() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.netsmtp.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.netsmtp.auth..", "dev.netsmtp.tls..", "dev.netsmtp.event..")
                .check(classes);
    }

    @Test
    void sessionsDoNotKnowThePoolOrTheTemplate() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.netsmtp.session..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.netsmtp.pool..", "dev.netsmtp.template..")
                .check(classes);
    }

    @Test
    void theTemplateKnowsTheFactoryNotThePool() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.netsmtp.template..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.netsmtp.pool..", "org.apache.commons.pool2..")
                .check(classes);
    }

    @Test
    void commonsPoolStaysInsideThePoolPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.netsmtp.pool..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.commons.pool2..")
                .check(classes);
        // Nor in any public member's signature: fields, constructors, methods, what they throw.
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .should(
                        new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaMember>(
                                "not expose Commons Pool types") {
                            @Override
                            public void check(
                                    com.tngtech.archunit.core.domain.JavaMember member,
                                    com.tngtech.archunit.lang.ConditionEvents events) {
                                java.util.List<com.tngtech.archunit.core.domain.JavaClass> types =
                                        new java.util.ArrayList<>();
                                if (member instanceof com.tngtech.archunit.core.domain.JavaField f) {
                                    types.add(f.getRawType());
                                }
                                if (member instanceof com.tngtech.archunit.core.domain.JavaCodeUnit c) {
                                    types.add(c.getRawReturnType());
                                    types.addAll(c.getRawParameterTypes());
                                    c.getThrowsClause().getTypes().forEach(types::add);
                                }
                                for (com.tngtech.archunit.core.domain.JavaClass t : types) {
                                    if (t.getPackageName().startsWith("org.apache.commons.pool2")) {
                                        events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                                                member, member.getFullName() + " exposes " + t.getName()));
                                    }
                                }
                            }
                        })
                .check(classes);
    }

    @Test
    void authTlsAndEventDoNotKnowEachOther() {
        java.util.List<String> siblings = java.util.List.of("auth", "tls", "event");
        for (String from : siblings) {
            for (String to : siblings) {
                if (!from.equals(to)) {
                    noClasses()
                            .that()
                            .resideInAPackage("dev.netsmtp." + from + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAPackage("dev.netsmtp." + to + "..")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void everyPackageIsItsOwnSliceAndTheTemplateDoesNotKnowJakartaMail() {
        slices().matching("dev.netsmtp.(**)").should().beFreeOfCycles().check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.netsmtp.template")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.netsmtp.template.jakarta..")
                .check(classes);
    }

    @Test
    void micrometerStaysInTheObservationPackageAndTheOneTemplateClassThatStartsObservations() {
        // The template loads without Micrometer (WithoutOptionalDependenciesTests): only the
        // builder's two setters name its types, and only ObservedSends uses them.
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.netsmtp.observation..")
                .and()
                .doNotHaveFullyQualifiedName("dev.netsmtp.template.ObservedSends")
                .and()
                .doNotHaveFullyQualifiedName("dev.netsmtp.template.ObservedSends$One")
                .and()
                .doNotHaveFullyQualifiedName("dev.netsmtp.template.SmtpTemplate")
                .and()
                .doNotHaveFullyQualifiedName("dev.netsmtp.template.SmtpTemplate$Builder")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..")
                .check(classes);
    }

    @Test
    void jakartaMailStaysInItsPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.netsmtp.template.jakarta..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.mail..")
                .check(classes);
    }

    @Test
    void noSpringInCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(classes);
    }
}
