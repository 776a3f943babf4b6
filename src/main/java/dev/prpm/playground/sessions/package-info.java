/** Feature: sessions (see README architecture sketch). */
package dev.prpm.playground.sessions;
