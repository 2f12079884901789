package experimentsapi.codegen;

import org.openapitools.codegen.languages.GoClientCodegen;

/**
 * openapi-generator 5.0.0-beta2's `go` client generator never registers `model.mustache`, so it
 * writes the model docs but no model_*.go files and the client does not compile (upstream issue
 * OpenAPITools/openapi-generator#7351, fixed in later releases). This subclass only puts the
 * registration back; templates, options and output are otherwise the stock `go` generator's.
 * Compiled and used by scripts/other-generators.sh.
 */
public class FixedGoClientCodegen extends GoClientCodegen {
  @Override
  public void processOpts() {
    super.processOpts();
    modelTemplateFiles.put("model.mustache", ".go");
  }
}
