package dev.prpm.playground.ui;

import dev.prpm.playground.auth.BrowserSession;
import dev.prpm.playground.common.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Sign up, sign in and sign out; errors (duplicate email, weak password, wrong password)
 * shown next to the form.
 */
@Controller
class AuthPages {

    private final BrowserSession browser;

    AuthPages(BrowserSession browser) {
        this.browser = browser;
    }

    @GetMapping("/")
    String home(Model model) {
        return model.getAttribute("me") == null ? "redirect:/login" : "redirect:/playground";
    }

    @GetMapping("/login")
    String loginPage(@ModelAttribute("form") LoginForm form) {
        return "login";
    }

    @GetMapping("/signup")
    String signupPage(@ModelAttribute("form") SignupForm form) {
        return "signup";
    }

    @PostMapping("/login")
    String login(@Valid @ModelAttribute("form") LoginForm form, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (errors.hasErrors()) {
            return "login";
        }
        try {
            browser.signIn(form.email(), form.password(), request, response);
            return "redirect:/playground";
        }
        catch (ApiException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorCode", e.code().code());
            response.setStatus(e.code().status().value());
            return "login";
        }
    }

    @PostMapping("/signup")
    String signup(@Valid @ModelAttribute("form") SignupForm form, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (errors.hasErrors()) {
            response.setStatus(400);
            return "signup";
        }
        try {
            browser.signUp(form.email(), form.password(), blankToNull(form.displayName()), request, response);
            return "redirect:/playground";
        }
        catch (ApiException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorCode", e.code().code());
            response.setStatus(e.code().status().value());
            return "signup";
        }
    }

    @PostMapping("/logout")
    String logout(HttpServletRequest request, HttpServletResponse response) {
        browser.signOut(request, response);
        return "redirect:/login";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    record LoginForm(@NotBlank(message = "Enter your email") @Size(max = 254) String email,
            @NotBlank(message = "Enter your password") @Size(max = 128) String password) {
    }

    record SignupForm(
            @NotBlank(message = "Enter your email") @Email(message = "This is not an email address") @Size(
                    max = 254) String email,
            @NotBlank(message = "Choose a password") @Size(min = 8, max = 128,
                    message = "Use at least 8 characters") String password,
            @Size(max = 100) String displayName) {
    }

}
