/** The JVM floor for the command line: a Java program that prints one line and exits. */
public class Hello {
  public static void main(String[] args) {
    System.out.println("ready");
  }
}
