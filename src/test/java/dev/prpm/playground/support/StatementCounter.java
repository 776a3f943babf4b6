package dev.prpm.playground.support;

import jakarta.servlet.Filter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Counts the SQL statements a request executes, for N+1 tests only: a test-context
 * {@link BeanPostProcessor} wraps the application's DataSource (the main code never
 * does), and statements are counted on the thread of a request that carries
 * {@value #HEADER}; {@link #last()} is that request's count.
 */
public final class StatementCounter {

    public static final String HEADER = "X-Count-Statements";

    private static final ThreadLocal<AtomicInteger> CURRENT = new ThreadLocal<>();

    private static volatile int last = -1;

    private StatementCounter() {
    }

    /** Statements executed by the last request that asked to be counted. */
    public static int last() {
        return last;
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource ? wrap(dataSource, DataSource.class) : bean;
                }
            };
        }

        @Bean
        FilterRegistrationBean<Filter> statementCountingFilter() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                boolean counted = request instanceof jakarta.servlet.http.HttpServletRequest http
                        && http.getHeader(HEADER) != null;
                if (!counted) {
                    chain.doFilter(request, response);
                    return;
                }
                AtomicInteger count = new AtomicInteger();
                CURRENT.set(count);
                try {
                    chain.doFilter(request, response);
                }
                finally {
                    CURRENT.remove();
                    last = count.get();
                }
            });
            registration.setOrder(Integer.MIN_VALUE);
            return registration;
        }

    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(T target, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (Statement.class.isAssignableFrom(method.getDeclaringClass()) && method.getName().startsWith("execute")
                    && CURRENT.get() != null) {
                CURRENT.get().incrementAndGet();
            }
            Object result = invoke(target, method, args);
            if (result instanceof Connection connection) {
                return wrap(connection, Connection.class);
            }
            if (result instanceof java.sql.CallableStatement statement) {
                return wrap(statement, java.sql.CallableStatement.class);
            }
            if (result instanceof java.sql.PreparedStatement statement) {
                return wrap(statement, java.sql.PreparedStatement.class);
            }
            if (result instanceof Statement statement) {
                return wrap(statement, Statement.class);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

}
