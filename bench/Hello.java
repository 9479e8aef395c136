/**
 * The JVM floor: a Java program that prints one line and exits (the command line's floor), or with
 * {@code --sleep} then sleeps (the floor of an idle server).
 */
public class Hello {
  public static void main(String[] args) {
    System.out.println("ready");
    if (args.length > 0 && args[0].equals("--sleep")) {
      // The idle floor: a JVM that does nothing until it is stopped.
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
