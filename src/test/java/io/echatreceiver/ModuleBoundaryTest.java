package io.echatreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the receiver's packages, checked on its compiled classes: the handler API is a leaf,
 * no two packages depend on each other, and what the module exports never names a type of a package
 * it does not export.
 */
class ModuleBoundaryTest {

  private static final String ROOT = "io.echatreceiver";
  private static final Pattern DEPENDENCY =
      Pattern.compile("^\\s+(io\\.echatreceiver[\\w.]*)\\s+->\\s+(io\\.echatreceiver[\\w.]*)\\s");

  private static final Path CLASSES = mainClasses();

  /** Type variables whose bounds are being read: {@code <T extends Comparable<T>>} names T. */
  private static final ThreadLocal<Set<Type>> VISITING = ThreadLocal.withInitial(HashSet::new);

  @Test
  void noPackagesDependOnEachOther() throws IOException {
    Map<String, Set<String>> graph = packageDependencies();

    List<Set<String>> cycles = cycles(graph);

    assertTrue(graph.size() > 10, "jdeps found the packages: " + graph.keySet());
    assertEquals(List.of(), cycles, "packages in a dependency cycle");
  }

  @Test
  void theHandlerApiDependsOnNothingOfOursButTheModel() throws IOException {
    Set<String> used = packageDependencies().getOrDefault(ROOT, Set.of());

    assertEquals(Set.of(ROOT + ".model"), used);
  }

  @Test
  void exportedTypesNameOnlyExportedTypes() throws Exception {
    Set<String> exported = exportedPackages();
    Map<String, Set<String>> leaks = new TreeMap<>();

    for (Class<?> type : publicTypesOf(exported)) {
      for (Class<?> named : namedBy(type)) {
        if (named.getName().startsWith(ROOT + ".") && !exported.contains(named.getPackageName())) {
          leaks.computeIfAbsent(type.getName(), key -> new TreeSet<>()).add(named.getName());
        }
      }
    }

    assertTrue(exported.contains(ROOT + ".receiver"), "module-info read: " + exported);
    assertEquals(Map.of(), leaks, "exported types whose signatures name unexported types");
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> graph =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

    assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
    assertFalse(cycles(Map.of("a", Set.of("b"), "b", Set.of())).iterator().hasNext());
  }

  /** Package to packages it uses, as jdeps reads the compiled classes. */
  private static Map<String, Set<String>> packageDependencies() {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int status =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "-verbose:package",
            "-filter:none",
            "--multi-release",
            "17",
            "--ignore-missing-deps",
            // The packages, not the module: its requirements are not on a module path here.
            CLASSES.resolve("io").toString());
    assertEquals(0, status, out.toString());
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher dependency = DEPENDENCY.matcher(line);
      if (dependency.find()) {
        Set<String> uses = graph.computeIfAbsent(dependency.group(1), key -> new TreeSet<>());
        if (!dependency.group(1).equals(dependency.group(2))) {
          uses.add(dependency.group(2));
        }
      }
    }
    return graph;
  }

  /** The strongly connected components of more than one package (Tarjan). */
  static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> found = new ArrayList<>();
    for (String node : new TreeSet<>(graph.keySet())) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, onStack, found);
      }
    }
    return found;
  }

  private static void connect(
      String node,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> found) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, onStack, found);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }

  private static Set<String> exportedPackages() throws IOException {
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      Set<String> exported = new TreeSet<>();
      ModuleDescriptor.read(in).exports().forEach(export -> exported.add(export.source()));
      return exported;
    }
  }

  private static List<Class<?>> publicTypesOf(Set<String> packages) throws Exception {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
        String name =
            CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.endsWith("module-info")) {
          continue;
        }
        Class<?> type = Class.forName(name, false, ModuleBoundaryTest.class.getClassLoader());
        if (packages.contains(type.getPackageName()) && isVisible(type)) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /** Public, and if nested, nested in public types only. */
  private static boolean isVisible(Class<?> type) {
    for (Class<?> at = type; at != null; at = at.getDeclaringClass()) {
      if (!Modifier.isPublic(at.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** Every class named by a type's public and protected signatures. */
  private static Set<Class<?>> namedBy(Class<?> type) {
    Set<Class<?>> named = new HashSet<>();
    collect(type.getGenericSuperclass(), named);
    for (Type implemented : type.getGenericInterfaces()) {
      collect(implemented, named);
    }
    for (Field field : type.getDeclaredFields()) {
      if (isApi(field)) {
        collect(field.getGenericType(), named);
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (isApi(constructor)) {
        Stream.of(constructor.getGenericParameterTypes()).forEach(t -> collect(t, named));
        Stream.of(constructor.getGenericExceptionTypes()).forEach(t -> collect(t, named));
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (isApi(method) && !method.isSynthetic()) {
        collect(method.getGenericReturnType(), named);
        Stream.of(method.getGenericParameterTypes()).forEach(t -> collect(t, named));
        Stream.of(method.getGenericExceptionTypes()).forEach(t -> collect(t, named));
      }
    }
    return named;
  }

  private static boolean isApi(Member member) {
    return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
  }

  private static void collect(Type type, Set<Class<?>> named) {
    if (type instanceof Class<?> plain) {
      Class<?> component = plain;
      while (component.isArray()) {
        component = component.getComponentType();
      }
      named.add(component);
    } else if (type instanceof ParameterizedType parameterized) {
      collect(parameterized.getRawType(), named);
      Stream.of(parameterized.getActualTypeArguments()).forEach(t -> collect(t, named));
    } else if (type instanceof WildcardType wildcard) {
      Stream.of(wildcard.getUpperBounds()).forEach(t -> collect(t, named));
      Stream.of(wildcard.getLowerBounds()).forEach(t -> collect(t, named));
    } else if (type instanceof GenericArrayType array) {
      collect(array.getGenericComponentType(), named);
    } else if (type instanceof TypeVariable<?> variable && VISITING.get().add(variable)) {
      try {
        Stream.of(variable.getBounds()).forEach(t -> collect(t, named));
      } finally {
        VISITING.get().remove(variable);
      }
    }
  }

  private static Path mainClasses() {
    try {
      return Path.of(PushHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
