/** Feature: billing (see README architecture sketch). */
package dev.prpm.playground.billing;
