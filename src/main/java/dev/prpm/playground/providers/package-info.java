/** Feature: providers (see README architecture sketch). */
package dev.prpm.playground.providers;
