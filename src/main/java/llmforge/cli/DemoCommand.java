package llmforge.cli;
@picocli.CommandLine.Command(name = "demo")
public final class DemoCommand implements Runnable { public void run() {} }
