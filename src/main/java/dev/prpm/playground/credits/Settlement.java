package dev.prpm.playground.credits;

/** Outcome of settling a reservation: credits charged and the spendable balance after. */
public record Settlement(long charged, long balanceAfter) {
}
