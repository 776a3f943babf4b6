/** Feature: ratelimit (see README architecture sketch). */
package dev.prpm.playground.ratelimit;
