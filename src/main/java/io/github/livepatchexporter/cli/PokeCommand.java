package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.system.Signals;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * kgr {@code poke}: SIGSTOP then SIGCONT to each blocking user process, which makes it cross the
 * kernel boundary and switch to the new patch state. Asks first unless {@code -n}.
 */
@Command(
    name = "poke",
    description = "Obsolete. Send STOP and CONT to user processes blocking the transition.")
final class PokeCommand extends StateCommand {
  static final String NOT_ROOT_POKE =
      "Warning: running as non-root user, only this user's processes will be poked";

  /** The pause between STOP and CONT, as kgr.sh's {@code sleep .1}. */
  static final long PAUSE_MILLIS = 100;

  @Option(names = "--dry-run", description = "Show what would be sent; send nothing.")
  boolean dryRun;

  PokeCommand(CliContext ctx, GlobalOptions before) {
    super(ctx, before);
  }

  @Override
  public Integer call() {
    GlobalOptions o = options();
    LivepatchState state = read(ReadOptions.BLOCKING);
    if (!ctx.root()) {
      ctx.err().println(NOT_ROOT_POKE);
    }
    PokePlan plan = PokePlan.of(state.tasks().blockers(), ctx.selfPid());
    if (o.verbosity() > 0 || dryRun) {
      new TreeMap<>(plan.skipped())
          .forEach((pid, why) -> ctx.out().println("skipping " + pid + " (" + why + ")"));
    }
    if (plan.targets().isEmpty()) {
      ctx.out().flush();
      return ExitCodes.OK;
    }
    if (dryRun) {
      plan.targets().forEach(pid -> ctx.out().println("would send " + pid + " STOP/CONT"));
      ctx.out().flush();
      return ExitCodes.OK;
    }
    confirm(o, plan);
    return send(plan, o.verbosity() > 0);
  }

  private void confirm(GlobalOptions o, PokePlan plan) {
    if (o.nonInteractive) {
      return;
    }
    if (!ctx.prompt().available()) {
      throw new CliException(
          "poke: not sending signals without confirmation: no terminal (pass -n to skip it)");
    }
    ctx.out().flush();
    String question =
        "Send SIGSTOP and SIGCONT to "
            + plan.targets().size()
            + (plan.targets().size() == 1 ? " process " : " processes ")
            + plan.targets()
            + "?";
    if (!ctx.prompt().confirm(question)) {
      throw new CliException("poke: cancelled, no signal sent");
    }
  }

  private int send(PokePlan plan, boolean verbose) {
    Map<Long, String> failed = new TreeMap<>();
    for (long pid : plan.targets()) {
      if (verbose) {
        ctx.out().println("sending " + pid + " STOP/CONT");
        ctx.out().flush();
      }
      try {
        ctx.signals().send(pid, "STOP");
      } catch (Signals.SignalException e) {
        failed.put(pid, e.getMessage());
        continue;
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          ctx.signals().send(pid, "CONT");
        } catch (Signals.SignalException e) {
          failed.put(pid, e.getMessage());
        }
      }
    }
    ctx.out().flush();
    failed.forEach((pid, why) -> ctx.warn("poke: " + pid + ": " + why));
    return failed.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
