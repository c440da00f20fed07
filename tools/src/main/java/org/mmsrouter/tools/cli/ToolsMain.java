package org.mmsrouter.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code mms-router-tools.jar}: one subcommand per tool. */
@Command(
        name = "tools",
        mixinStandardHelpOptions = true,
        version = "MMS Router tools 0.1.0",
        description = "MMS Router tools: MMSC simulator and MM1 client.",
        subcommands = {
            MmscSimCommand.class,
            SubmitCommand.class,
            LoadCommand.class,
            DumpCommand.class,
            ComposeCommand.class,
            CorpusCheckCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ToolsMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new ToolsMain()).execute(args));
    }
}
