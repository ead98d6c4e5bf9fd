package io.weft.launcher.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Looks at the flags before the jar, one by one, before commons-cli does, because commons-cli
 * guesses: it reads {@code -sae} as {@code -s ae} and {@code -p4} as {@code -p 4}. Every flag must
 * be one of ours, written whole, with its value as the next argument; the only glued form is
 * Flink's {@code -yDkey=value} (and {@code -Dkey=value}), which is split here. Anything else is
 * refused, naming the closest flag there is. Nothing from the jar on is looked at.
 */
final class FlagCheck {
  private FlagCheck() {}

  static String[] normalize(String[] args, Options options) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        break; // the jar, or the end of the flags
      }
      for (String glued : new String[] {"-yD", "-D"}) {
        if (arg.startsWith(glued) && arg.length() > glued.length() && arg.indexOf('=') > glued.length()) {
          arg = null;
          out.add(glued);
          out.add(args[i].substring(glued.length()));
          break;
        }
      }
      if (arg == null) {
        continue;
      }
      Option option = find(arg, options);
      if (option == null) {
        throw new CliException("run: " + refusal(arg, options) + "; see 'weft run --help'");
      }
      out.add(arg);
      if (option.hasArg() && !arg.contains("=") && i + 1 < args.length) {
        out.add(args[++i]);
      }
    }
    out.addAll(Arrays.asList(args).subList(i, args.length));
    return out.toArray(new String[0]);
  }

  /** The option {@code arg} names exactly: {@code -x}, {@code -long}, {@code --long} or {@code --long=value}. */
  private static Option find(String arg, Options options) {
    if (arg.startsWith("--")) {
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      name = eq >= 0 ? name.substring(0, eq) : name;
      return options.hasLongOption(name) ? options.getOption(name) : null;
    }
    String name = arg.substring(1);
    return options.hasShortOption(name) || options.hasLongOption(name) ? options.getOption(name) : null;
  }

  static String refusal(String arg, Options options) {
    if (!arg.startsWith("--")) {
      // A value glued to its flag: the longest flag with a value that the argument starts with,
      // followed by something that cannot continue a flag's name (-p4, -ytm2g, -s/path).
      String body = arg.substring(1);
      String flag = null;
      for (Option o : options.getOptions()) {
        String name = o.getOpt();
        if (o.hasArg() && body.startsWith(name) && body.length() > name.length()
            && !Character.isLetter(body.charAt(name.length())) && (flag == null || name.length() > flag.length())) {
          flag = name;
        }
      }
      if (flag != null) {
        return "'" + arg + "' is not an option: write the value apart from its flag, as in '-" + flag + " "
            + body.substring(flag.length()) + "'";
      }
    }
    return "unknown option '" + arg + "'; the closest is '" + closest(arg, options) + "'";
  }

  private static String closest(String arg, Options options) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Option o : options.getOptions()) {
      for (String form : new String[] {"-" + o.getOpt(), o.getLongOpt() == null ? null : "--" + o.getLongOpt()}) {
        if (form == null) {
          continue;
        }
        int d = distance(arg.toLowerCase(), form.toLowerCase());
        if (d < bestDistance) {
          best = form;
          bestDistance = d;
        }
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
