package dev.prpm.playground.auth;

import dev.prpm.playground.common.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Auth")
class AuthController {

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/api/v1/auth/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account; grants the signup credits")
    AuthService.Session signup(@Valid @RequestBody SignupRequest request) {
        return auth.signup(request.email(), request.password(), request.displayName());
    }

    @PostMapping("/api/v1/auth/login")
    @Operation(summary = "Exchange email and password for a bearer token")
    AuthService.Session login(@Valid @RequestBody LoginRequest request) {
        return auth.login(request.email(), request.password());
    }

    @PostMapping("/api/v1/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Sign out everywhere: every token issued to the caller so far stops working",
            security = @SecurityRequirement(name = "bearer"))
    void logout(CurrentUser user) {
        auth.logout(user.id());
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The signed-in user", security = @SecurityRequirement(name = "bearer"))
    AuthService.Profile me(CurrentUser user) {
        return auth.profile(user.id());
    }

    record SignupRequest(@NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 8, max = 128) String password, @Size(max = 100) String displayName) {
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
    }

}
