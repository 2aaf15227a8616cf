package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spring.RequiresAbilities;
import dev.klink.tokens.spring.RequiresAbilitiesInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Enforces {@link RequiresAbilities} on Spring MVC handlers. */
@AutoConfiguration(after = KlinkTokensAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(BearerErrorResponder.class)
public final class KlinkTokensWebMvcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequiresAbilitiesInterceptor klinkRequiresAbilitiesInterceptor(BearerErrorResponder responder) {
        return new RequiresAbilitiesInterceptor(responder);
    }

    @Bean
    WebMvcConfigurer klinkRequiresAbilitiesWebMvcConfigurer(RequiresAbilitiesInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}
