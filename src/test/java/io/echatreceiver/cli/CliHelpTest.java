package io.echatreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The help and the version, which need nothing to talk to. */
class CliHelpTest {

  @Test
  void theHelpNamesEveryCommand() {
    CliRun run = CliRun.run("--help");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Usage: echat "), run.toString());
    for (String command : new String[] {"send", "check-url", "bulk"}) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " in\n" + run);
    }
  }

  @Test
  void everyCommandHasItsHelp() {
    for (String command : new String[] {"send", "check-url", "bulk"}) {
      CliRun run = CliRun.run(command, "--help");

      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().startsWith("Usage: echat " + command), run.toString());
      assertTrue(run.out().contains("--url=URL"), run.toString());
    }
  }

  @Test
  void theVersionIsDevOutsideTheJar() {
    CliRun run = CliRun.run("--version");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("echat dev", run.out().strip());
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.run();

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("Missing command"), run.toString());
  }
}
