import { ArgsType, Field } from '@nestjs/graphql';
import { IsEmail, IsJWT, IsString, Length, MaxLength } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

@ArgsType()
export class SignUpArgs {
  @Field({ description: 'Email address; compared case-insensitively.' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @Field({ description: `Password, ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  })
  password!: string;
}

@ArgsType()
export class LogInArgs {
  @Field({ description: 'Email address of the account.' })
  @IsString()
  @Length(1, 254)
  email!: string;

  @Field({ description: 'Password of the account.' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

@ArgsType()
export class RefreshTokenArgs {
  @Field({ description: 'The refresh token of the latest pair (each is good once).' })
  @IsJWT({ message: 'refreshToken must be a refresh token' })
  @MaxLength(4096)
  refreshToken!: string;
}
