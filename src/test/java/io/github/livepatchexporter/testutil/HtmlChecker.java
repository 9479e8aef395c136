package io.github.livepatchexporter.testutil;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import nu.validator.validation.SimpleDocumentValidator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The W3C's Nu Html Checker (the validator behind validator.w3.org/nu), run in this process with
 * the schemas in its jar: nothing is fetched.
 */
public final class HtmlChecker {
  private HtmlChecker() {}

  /** The schema {@code vnu} checks HTML documents against by default. */
  private static final String SCHEMA = "http://s.validator.nu/html5-rdfalite.rnc";

  /** Fails with every error and warning the checker reports on {@code html}, with line numbers. */
  public static void assertValid(String name, String html) throws Exception {
    List<String> said = new ArrayList<>();
    ErrorHandler collect =
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) {
            said.add("warning: " + where(e));
          }

          @Override
          public void error(SAXParseException e) {
            said.add("error: " + where(e));
          }

          @Override
          public void fatalError(SAXParseException e) {
            said.add("fatal: " + where(e));
          }
        };
    SimpleDocumentValidator v = new SimpleDocumentValidator();
    v.setUpMainSchema(SCHEMA, collect);
    v.setUpValidatorAndParsers(collect, false, false);
    InputSource in = new InputSource(new StringReader(html));
    in.setSystemId(name);
    v.checkHtmlInputSource(in);
    if (!said.isEmpty()) {
      throw new AssertionError(
          name + ": the Nu Html Checker reports\n" + String.join("\n", said) + "\n\n" + html);
    }
  }

  private static String where(SAXParseException e) {
    return "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage();
  }
}
