/** Feature: playground (see README architecture sketch). */
package dev.prpm.playground.playground;
